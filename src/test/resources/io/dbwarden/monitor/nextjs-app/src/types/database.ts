export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  // Allows to automatically instantiate createClient with right options
  // instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)
  __InternalSupabase: {
    PostgrestVersion: "12.2.3 (519615d)"
  }
  public: {
    Tables: {
      activity_logs: {
        Row: {
          action: string
          created_at: string
          id: number
          payload: Json
          user_id: string | null
          work_order_id: number | null
        }
        Insert: {
          action: string
          created_at?: string
          id?: number
          payload?: Json
          user_id?: string | null
          work_order_id?: number | null
        }
        Update: {
          action?: string
          created_at?: string
          id?: number
          payload?: Json
          user_id?: string | null
          work_order_id?: number | null
        }
        Relationships: [
          {
            foreignKeyName: "activity_logs_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "activity_logs_work_order_id_fkey"
            columns: ["work_order_id"]
            isOneToOne: false
            referencedRelation: "open_work_orders"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "activity_logs_work_order_id_fkey"
            columns: ["work_order_id"]
            isOneToOne: false
            referencedRelation: "work_orders"
            referencedColumns: ["id"]
          },
        ]
      }
      crew_members: {
        Row: {
          crew_id: number
          joined_on: string
          left_on: string | null
          role: Database["public"]["Enums"]["crew_role"]
          user_id: string
        }
        Insert: {
          crew_id: number
          joined_on?: string
          left_on?: string | null
          role?: Database["public"]["Enums"]["crew_role"]
          user_id: string
        }
        Update: {
          crew_id?: number
          joined_on?: string
          left_on?: string | null
          role?: Database["public"]["Enums"]["crew_role"]
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "crew_members_crew_id_fkey"
            columns: ["crew_id"]
            isOneToOne: false
            referencedRelation: "crews"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "crew_members_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      crews: {
        Row: {
          created_at: string
          id: number
          is_active: boolean
          lead_user_id: string | null
          name: string
          region: string | null
          updated_at: string
        }
        Insert: {
          created_at?: string
          id?: number
          is_active?: boolean
          lead_user_id?: string | null
          name: string
          region?: string | null
          updated_at?: string
        }
        Update: {
          created_at?: string
          id?: number
          is_active?: boolean
          lead_user_id?: string | null
          name?: string
          region?: string | null
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "crews_lead_user_id_fkey"
            columns: ["lead_user_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      equipment: {
        Row: {
          asset_tag: string
          category: string
          created_at: string
          id: number
          name: string
          purchase_cost: number | null
          purchase_date: string | null
          status: Database["public"]["Enums"]["equipment_status"]
          tags: string[]
          updated_at: string
        }
        Insert: {
          asset_tag: string
          category: string
          created_at?: string
          id?: number
          name: string
          purchase_cost?: number | null
          purchase_date?: string | null
          status?: Database["public"]["Enums"]["equipment_status"]
          tags?: string[]
          updated_at?: string
        }
        Update: {
          asset_tag?: string
          category?: string
          created_at?: string
          id?: number
          name?: string
          purchase_cost?: number | null
          purchase_date?: string | null
          status?: Database["public"]["Enums"]["equipment_status"]
          tags?: string[]
          updated_at?: string
        }
        Relationships: []
      }
      equipment_assignments: {
        Row: {
          assigned_at: string
          crew_id: number
          equipment_id: number
          id: number
          notes: string | null
          returned_at: string | null
          work_order_id: number | null
        }
        Insert: {
          assigned_at?: string
          crew_id: number
          equipment_id: number
          id?: number
          notes?: string | null
          returned_at?: string | null
          work_order_id?: number | null
        }
        Update: {
          assigned_at?: string
          crew_id?: number
          equipment_id?: number
          id?: number
          notes?: string | null
          returned_at?: string | null
          work_order_id?: number | null
        }
        Relationships: [
          {
            foreignKeyName: "equipment_assignments_crew_id_fkey"
            columns: ["crew_id"]
            isOneToOne: false
            referencedRelation: "crews"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "equipment_assignments_equipment_id_fkey"
            columns: ["equipment_id"]
            isOneToOne: false
            referencedRelation: "equipment"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "equipment_assignments_work_order_id_fkey"
            columns: ["work_order_id"]
            isOneToOne: false
            referencedRelation: "work_orders"
            referencedColumns: ["id"]
          },
        ]
      }
      projects: {
        Row: {
          budget: string
          client_name: string
          code: string
          created_at: string
          ends_on: string | null
          id: number
          is_archived: boolean
          name: string
          owner_id: string | null
          site_address: string | null
          starts_on: string
          updated_at: string
        }
        Insert: {
          budget?: string
          client_name: string
          code: string
          created_at?: string
          ends_on?: string | null
          id?: number
          is_archived?: boolean
          name: string
          owner_id?: string | null
          site_address?: string | null
          starts_on: string
          updated_at?: string
        }
        Update: {
          budget?: string
          client_name?: string
          code?: string
          created_at?: string
          ends_on?: string | null
          id?: number
          is_archived?: boolean
          name?: string
          owner_id?: string | null
          site_address?: string | null
          starts_on?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "projects_owner_id_fkey"
            columns: ["owner_id"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
        ]
      }
      users: {
        Row: {
          avatar_url: string | null
          created_at: string
          email: string
          full_name: string
          id: string
          is_active: boolean
          phone: string | null
          updated_at: string
        }
        Insert: {
          avatar_url?: string | null
          created_at?: string
          email: string
          full_name: string
          id?: string
          is_active?: boolean
          phone?: string | null
          updated_at?: string
        }
        Update: {
          avatar_url?: string | null
          created_at?: string
          email?: string
          full_name?: string
          id?: string
          is_active?: boolean
          phone?: string | null
          updated_at?: string
        }
        Relationships: []
      }
      work_orders: {
        Row: {
          completed_at: string | null
          created_at: string
          created_by: string | null
          crew_id: number | null
          description: string | null
          due_on: string | null
          id: number
          labor_cost: number
          material_cost: number
          priority: Database["public"]["Enums"]["work_order_priority"]
          project_id: number
          scheduled_for: string | null
          status: Database["public"]["Enums"]["work_order_status"]
          title: string
          total_cost: number | null
          updated_at: string
        }
        Insert: {
          completed_at?: string | null
          created_at?: string
          created_by?: string | null
          crew_id?: number | null
          description?: string | null
          due_on?: string | null
          id?: number
          labor_cost?: number
          material_cost?: number
          priority?: Database["public"]["Enums"]["work_order_priority"]
          project_id: number
          scheduled_for?: string | null
          status?: Database["public"]["Enums"]["work_order_status"]
          title: string
          updated_at?: string
        }
        Update: {
          completed_at?: string | null
          created_at?: string
          created_by?: string | null
          crew_id?: number | null
          description?: string | null
          due_on?: string | null
          id?: number
          labor_cost?: number
          material_cost?: number
          priority?: Database["public"]["Enums"]["work_order_priority"]
          project_id?: number
          scheduled_for?: string | null
          status?: Database["public"]["Enums"]["work_order_status"]
          title?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "work_orders_created_by_fkey"
            columns: ["created_by"]
            isOneToOne: false
            referencedRelation: "users"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "work_orders_crew_id_fkey"
            columns: ["crew_id"]
            isOneToOne: false
            referencedRelation: "crews"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "work_orders_project_id_fkey"
            columns: ["project_id"]
            isOneToOne: false
            referencedRelation: "projects"
            referencedColumns: ["id"]
          },
        ]
      }
    }
    Views: {
      open_work_orders: {
        Row: {
          created_at: string | null
          crew_id: number | null
          crew_name: string | null
          due_on: string | null
          id: number | null
          is_overdue: boolean | null
          priority: Database["public"]["Enums"]["work_order_priority"] | null
          project_code: string | null
          project_id: number | null
          project_name: string | null
          scheduled_for: string | null
          status: Database["public"]["Enums"]["work_order_status"] | null
          title: string | null
        }
        Relationships: [
          {
            foreignKeyName: "work_orders_crew_id_fkey"
            columns: ["crew_id"]
            isOneToOne: false
            referencedRelation: "crews"
            referencedColumns: ["id"]
          },
        ]
      }
    }
    Functions: {
      crew_workload: {
        Args: { p_crew_id: number }
        Returns: {
          orders: number
          status: Database["public"]["Enums"]["work_order_status"]
          total_cost: number
        }[]
      }
      get_crew_utilization: {
        Args: { p_crew_id: number; p_days?: number }
        Returns: number
      }
      is_crew_member: { Args: { p_crew_id: number }; Returns: boolean }
    }
    Enums: {
      crew_role: "lead" | "technician" | "apprentice" | "driver"
      equipment_status: "available" | "assigned" | "maintenance"
      work_order_priority: "low" | "normal" | "high" | "urgent"
      work_order_status:
        | "open"
        | "scheduled"
        | "in_progress"
        | "on_hold"
        | "completed"
        | "cancelled"
    }
    CompositeTypes: {
      [_ in never]: never
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export const Constants = {
  public: {
    Enums: {
      crew_role: ["lead", "technician", "apprentice", "driver"],
      equipment_status: ["available", "assigned", "maintenance"],
      work_order_priority: ["low", "normal", "high", "urgent"],
      work_order_status: [
        "open",
        "scheduled",
        "in_progress",
        "on_hold",
        "completed",
        "cancelled",
      ],
    },
  },
} as const
